function "f" {
  stack {
    var $t {
      value = """
        Hello,
          "world"
        done\tok
        """
    }
    var $inline { value = """one line""" }
  }
}
