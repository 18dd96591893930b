/* EXPECT: D_DECL_PROTO_VOID at 2:12: void among other parameters. */
int f(int, void);
