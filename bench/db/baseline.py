"""The same work as the two bench jobs, without the runner: Python's sqlite3
module (parameterised statements, one transaction for the adds), and SQL
scripts for the sqlite3 CLI and psql. Prints one line: seconds taken."""
import sqlite3
import sys
import time

def python_sqlite(path, what, count, rows):
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    start = time.perf_counter()
    if what == "add":
        db.execute('CREATE TABLE IF NOT EXISTS "row" (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT, n INTEGER)')
        db.execute('CREATE UNIQUE INDEX IF NOT EXISTS row_key ON "row" (key)')
        with db:
            for i in range(count):
                db.execute('INSERT INTO "row" (key, n) VALUES (?, ?) RETURNING id, key, n', (f"k{i}", i)).fetchall()
    else:
        found = 0
        for i in range(count):
            if db.execute('SELECT id, key, n FROM "row" WHERE key = ? ORDER BY id LIMIT 1', (f"k{(i * 7919) % rows}",)).fetchone():
                found += 1
        assert found == count, found
    print(f"{time.perf_counter() - start:.3f}")

def script(what, count, rows):
    """SQL text for the CLIs: the same statements, values written in."""
    lines = []
    if what == "add":
        lines.append('CREATE TABLE IF NOT EXISTS "row" (id INTEGER PRIMARY KEY, key TEXT, n INTEGER);')
        lines.append('CREATE UNIQUE INDEX IF NOT EXISTS row_key ON "row" (key);')
        lines.append("BEGIN;")
        lines += [f"INSERT INTO \"row\" (key, n) VALUES ('k{i}', {i});" for i in range(count)]
        lines.append("COMMIT;")
    else:
        lines += [f"SELECT id, key, n FROM \"row\" WHERE key = 'k{(i * 7919) % rows}' LIMIT 1;" for i in range(count)]
    print("\n".join(lines))

if __name__ == "__main__":
    mode, what = sys.argv[1], sys.argv[2]
    count, rows = int(sys.argv[3]), int(sys.argv[4])
    if mode == "python":
        python_sqlite(sys.argv[5], what, count, rows)
    else:
        script(what, count, rows)
