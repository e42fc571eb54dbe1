/*
 * Drives SQLite (a code base nobody here wrote; the harness fetches the
 * amalgamation at bench time and compiles it with the same flags as this
 * file) through a fixed loop of inserts, indexed queries, updates and
 * deletes on an in-memory database.
 */
#include "sqlite3.h"
#include <stdio.h>
#include <stdlib.h>

static sqlite3 *db;

static void check(int rc, const char *what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    fprintf(stderr, "sqlite: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
  }
}

static sqlite3_stmt *prepare(const char *sql) {
  sqlite3_stmt *st;
  check(sqlite3_prepare_v2(db, sql, -1, &st, NULL), sql);
  return st;
}

int main(int argc, char **argv) {
  long pct = argc > 1 ? atol(argv[1]) : 100;
  long rounds = 150 * pct / 100 > 0 ? 150 * pct / 100 : 1;
  unsigned long seed = 2024, sum = 0;

  check(sqlite3_open(":memory:", &db), "open");
  check(sqlite3_exec(db,
                     "CREATE TABLE files(id INTEGER PRIMARY KEY, ino INTEGER,"
                     " path TEXT, size INTEGER, mode INTEGER);"
                     "CREATE INDEX files_ino ON files(ino);"
                     "CREATE INDEX files_path ON files(path);",
                     NULL, NULL, NULL),
        "schema");
  sqlite3_stmt *ins = prepare("INSERT INTO files(ino, path, size, mode) "
                              "VALUES(?1, ?2, ?3, ?4)");
  sqlite3_stmt *by_ino = prepare("SELECT id, size FROM files WHERE ino = ?1");
  sqlite3_stmt *by_path =
      prepare("SELECT count(*), sum(size) FROM files WHERE path >= ?1 AND "
              "path < ?2");
  sqlite3_stmt *upd = prepare("UPDATE files SET size = size + ?2, mode = ?3 "
                              "WHERE ino = ?1");
  sqlite3_stmt *del = prepare("DELETE FROM files WHERE ino % 7 = ?1");

  for (long r = 0; r < rounds; r++) {
    char path[64], hi[64];
    check(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), "begin");
    for (int i = 0; i < 1000; i++) {
      seed = seed * 6364136223846793005UL + 1442695040888963407UL;
      long ino = (long)(seed >> 44);
      snprintf(path, sizeof(path), "/usr/lib/mod%02ld/file%06ld.ko", ino % 97,
               ino);
      sqlite3_bind_int64(ins, 1, ino);
      sqlite3_bind_text(ins, 2, path, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(ins, 3, (long)(seed >> 20) & 0xfffff);
      sqlite3_bind_int(ins, 4, 0644);
      check(sqlite3_step(ins), "insert");
      sqlite3_reset(ins);
    }
    check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), "commit");
    for (int i = 0; i < 1500; i++) {
      seed = seed * 6364136223846793005UL + 1442695040888963407UL;
      sqlite3_bind_int64(by_ino, 1, (long)(seed >> 44));
      while (sqlite3_step(by_ino) == SQLITE_ROW)
        sum += (unsigned long)sqlite3_column_int64(by_ino, 1);
      sqlite3_reset(by_ino);
      sqlite3_bind_int64(upd, 1, (long)(seed >> 44));
      sqlite3_bind_int64(upd, 2, 1);
      sqlite3_bind_int(upd, 3, 0600);
      check(sqlite3_step(upd), "update");
      sqlite3_reset(upd);
    }
    for (int m = 0; m < 20; m++) {
      snprintf(path, sizeof(path), "/usr/lib/mod%02d/", (int)(r + m) % 97);
      snprintf(hi, sizeof(hi), "/usr/lib/mod%02d0", (int)(r + m) % 97);
      sqlite3_bind_text(by_path, 1, path, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(by_path, 2, hi, -1, SQLITE_TRANSIENT);
      if (sqlite3_step(by_path) == SQLITE_ROW)
        sum = (sum ^ (unsigned long)sqlite3_column_int64(by_path, 0) ^
               (unsigned long)sqlite3_column_int64(by_path, 1)) *
              0x100000001b3UL;
      sqlite3_reset(by_path);
    }
    sqlite3_bind_int(del, 1, (int)(r % 7));
    check(sqlite3_step(del), "delete");
    sqlite3_reset(del);
    sum += (unsigned long)sqlite3_changes(db);
  }
  sqlite3_finalize(ins);
  sqlite3_finalize(by_ino);
  sqlite3_finalize(by_path);
  sqlite3_finalize(upd);
  sqlite3_finalize(del);
  sqlite3_close(db);
  printf("sqlite checksum %016lx\n", sum);
  return 0;
}
