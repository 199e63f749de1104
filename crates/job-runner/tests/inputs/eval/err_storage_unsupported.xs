function "main" {
  stack {
    storage.create_file_resource {
      filename = "a.txt"
      filedata = "hi"
    } as $file
  }
}
