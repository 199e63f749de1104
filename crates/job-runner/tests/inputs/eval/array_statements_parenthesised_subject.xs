// The `array.*` statements of syntax/array-filters.md, with a bare variable or
// a parenthesised subject; `$this` is the item.
function "main" {
  stack {
    var $nums { value = [1, 5, 2, 8, 3] }
    var $people { value = [{ name: "ana", age: 31, team: "a" }, { name: "bo", age: 12, team: "b" }, { name: "cy", age: 40, team: "a" }] }
    array.filter ($nums) if ($this > 2) as $big
    array.filter $nums if ($this < 2) as $small
    array.find ($nums) if ($this > 4) as $first_big
    array.find_index ($nums) if ($this > 4) as $first_big_at
    array.find_index $nums if ($this > 100) as $none_at
    array.has ($people) if ($this.name == "bo") as $has_bo
    array.every ($nums) if ($this > 0) as $all_positive
    array.filter_count ($nums) if ($this % 2 == 0) as $evens
    array.partition ($people) if ($this.age >= 18) as $adults
    array.group_by ($people) {
      by = $this.team
    } as $teams
    array.map ($people) {
      by = $this.name|to_upper
    } as $names
  }
  response = {
    big: $big,
    small: $small,
    first_big: $first_big,
    first_big_at: $first_big_at,
    none_at: $none_at,
    has_bo: $has_bo,
    all_positive: $all_positive,
    evens: $evens,
    adults: $adults,
    teams: $teams,
    names: $names
  }
}
