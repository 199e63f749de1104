// The word operators of database filters also work on values in memory.
function "main" {
  stack {
    var $tags { value = ["metal", "heavy"] }
  }
  response = {
    includes: "Screwdriver" includes "DRIVER",
    contains_element: $tags contains "metal",
    contains_text: "Screwdriver" contains "DRIVER",
    not_contains: $tags not contains "soft",
    overlaps: $tags overlaps ["soft", "heavy"],
    not_overlaps: $tags not overlaps ["soft"],
    combined: $tags contains "metal" && "abc" includes "B"
  }
}
