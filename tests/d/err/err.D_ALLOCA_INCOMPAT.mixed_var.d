/* EXPECT: D_ALLOCA_INCOMPAT at 10:2: one variable, alloca and other pointers. */
BEGIN
{
	a = (char *)alloca(1);
}

BEGIN
{
	b = (char *)arg0;
	a = b + 1;
}
