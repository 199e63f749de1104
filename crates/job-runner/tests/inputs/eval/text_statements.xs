// The `text.*` statements of syntax/string-filters.md: tests bind their result,
// `text.trim`/`ltrim`/`rtrim` change the target in place (paths included).
function "main" {
  stack {
    var $log_entry { value = "fatal error here" }
    text.contains $log_entry { value = "error" } as $has_error
    text.icontains $log_entry { value = "ERROR" } as $has_error_any_case
    text.starts_with $log_entry { value = "fatal" } as $starts
    text.istarts_with $log_entry { value = "FATAL" } as $starts_any_case
    text.ends_with $log_entry { value = "here" } as $ends
    text.iends_with $log_entry { value = "HERE" } as $ends_any_case
    var $form { value = { name: "  Ana  ", code: "xxABCxx", tag: "--t" } }
    text.trim $form.name
    text.rtrim $form.code { value = "x" }
    text.ltrim $form["tag"] { value = "-" }
  }
  response = {
    has_error: $has_error,
    has_error_any_case: $has_error_any_case,
    starts: $starts,
    starts_any_case: $starts_any_case,
    ends: $ends,
    ends_any_case: $ends_any_case,
    form: $form
  }
}
