run.job "Name" { main = { name: "f", input: { a: 1 } } env = ["x"] }
