"""Backtracking sudoku, ported from bench/interp/jobs/sudoku: the board is
passed to each recursive call and every placed digit builds a new row and a
new board (XanoScript's |set returns a new value)."""
import json

PUZZLE = [
    [5, 3, 0, 0, 7, 0, 0, 0, 0],
    [6, 0, 0, 1, 9, 5, 0, 0, 0],
    [0, 9, 8, 0, 0, 0, 0, 6, 0],
    [8, 0, 0, 0, 6, 0, 0, 0, 3],
    [4, 0, 0, 8, 0, 3, 0, 0, 1],
    [7, 0, 0, 0, 2, 0, 0, 0, 6],
    [0, 6, 0, 0, 0, 0, 2, 8, 0],
    [0, 0, 0, 4, 1, 9, 0, 0, 5],
    [0, 0, 0, 0, 8, 0, 0, 7, 9],
]


def fits(board, r, c, d):
    i = 0
    while i < 9:
        if board[r][i] == d or board[i][c] == d:
            return False
        i += 1
    br = r - r % 3
    bc = c - c % 3
    i = 0
    while i < 9:
        if board[br + i // 3][bc + i % 3] == d:
            return False
        i += 1
    return True

def solve(board):
    pos = 0
    while pos < 81:
        r = pos // 9
        c = pos % 9
        if board[r][c] == 0:
            d = 1
            while d <= 9:
                if fits(board, r, c, d):
                    row = list(board[r]); row[c] = d
                    nb = list(board); nb[r] = row
                    solved = solve(nb)
                    if solved is not None:
                        return solved
                d += 1
            return None
        pos += 1
    return board

result = solve(PUZZLE)
print(json.dumps({"solved": result}))
