"""Knight's tour on a 5x5 board by depth-first search over an explicit stack
of boards, ported from bench/interp/jobs/knights-tour: each step appends a
new board to the stack (XanoScript's |append) and pops with a slice (|slice)."""
import json

N = 5
MOVES = [[2, 1], [1, 2], [-1, 2], [-2, 1], [-2, -1], [-1, -2], [1, -2], [2, -1]]

board = [0] * (N * N)
board[0] = 1
stack = [{"board": board, "pos": 0, "step": 1}]
expanded = 0
tour = None
while len(stack) > 0:
    top = stack[-1]
    stack = stack[0:len(stack) - 1]
    expanded += 1
    if top["step"] == N * N:
        tour = top["board"]
        break
    r = top["pos"] // N
    c = top["pos"] % N
    m = 0
    while m < 8:
        nr = r + MOVES[m][0]
        nc = c + MOVES[m][1]
        if nr >= 0 and nr < N and nc >= 0 and nc < N:
            np = nr * N + nc
            if top["board"][np] == 0:
                nb = list(top["board"])
                nb[np] = top["step"] + 1
                stack = stack + [{"board": nb, "pos": np, "step": top["step"] + 1}]
        m += 1
print(json.dumps({"tour": tour, "expanded": expanded}))
