/* EXPECT: D_DECL_PROTO_TYPE at 2:12: an associative array parameter. */
int f(int a[int]);
