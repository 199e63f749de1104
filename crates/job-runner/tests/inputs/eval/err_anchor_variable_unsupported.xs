function "main" {
  stack {
    var $products { value = [{ msrp: 10, listing: [{ price: 8 }] }] }
  }
  response = $products|map:$$.listing[$$.price < $1.msrp]
}
