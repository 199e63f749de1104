function "f" {
  input {
    email contact filters=trim|lower {
      sensitive = true
      description = "Where we write"
    }
    enum priority?="medium" {
      values = ["low", "medium", "high"]
    }
    object address {
      schema {
        text street filters=trim
        text country?="US"
      }
    }
    object[] items {
      schema {
        int id
      }
    }
  }
}
