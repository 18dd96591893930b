/* EXPECT: D_ALLOCA_INCOMPAT at 5:6: a ?: of alloca and other pointers assigned. */
BEGIN
{
	a = (char *)alloca(1);
	a = a == NULL ? (char *)50 : a;
}
