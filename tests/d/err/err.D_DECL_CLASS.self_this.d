/* EXPECT: D_DECL_CLASS at 2:6: two storage classes. */
self this int x;

BEGIN
{
	trace(1);
}
