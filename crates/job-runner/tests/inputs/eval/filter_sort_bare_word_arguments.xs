function "sort_by_bare_words" {
  stack {
    var $users {
      value = [{ name: "Cleo", id: 3 }, { name: "ana", id: 1 }, { name: "Bo", id: 2 }]
    }
  }
  response = $users|sort:name:text:false|map:$$.id
}
