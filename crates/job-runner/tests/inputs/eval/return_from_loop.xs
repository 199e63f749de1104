function "main" {
  stack {
    foreach ([4, 8, 15, 16]) {
      each as $n {
        conditional {
          if ($n > 10) {
            return { value = $n }
          }
        }
      }
    }
  }
  response = "none over 10"
}
