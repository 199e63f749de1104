// check_claims that the token does not hold are an error naming the claim.
function "main" {
  stack {
  }
  response = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiIsInJvbGUiOiJhZG1pbiJ9.F-9U4hILcVSlkL-IFTg3Xn5tacOvLaDRXWqe2QsnDAOfg-UWTuZd55Hs_NT3Jfc07hwceWa0JgwU4R5W4sjCuA"|jws_decode:{role: "user"}:"0123456789abcdef0123456789abcdef":"HS512"
}
