/* EXPECT: D_DECL_PARMCLASS at 2:7: a storage class on a parameter. */
int f(static int);
