function "f" {
  stack {
    array.filter ($nums) if ($this > 2) as $big
    array.partition ($people) if ($this.age >= 18) as $adults
    array.group_by ($users) {
      by = $this.team
    } as $teams
    math.bitwise.xor $flags { value = 3 }
  }
}
