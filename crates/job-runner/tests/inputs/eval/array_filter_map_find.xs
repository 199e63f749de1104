function "main" {
  stack {
    var $people { value = [{ name: "ann", age: 30 }, { name: "bob", age: 15 }, { name: "cy", age: 40 }] }
    array.filter $people if ($this.age >= 18) as $adults
    array.find $people if ($this.age < 18) as $minor
    array.map ($people) {
      by = $this.name
    } as $names
  }
  response = { adults: $adults, minor: $minor, names: $names }
}
