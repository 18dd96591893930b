/* EXPECT: D_DECL_IDRED at 3:1: x is declared twice. */
int x;
int x;

BEGIN { exit(0); }
