/* EXPECT: D_IDENT_BADREF at 5:14: sizeof of an associative array. */
BEGIN
{
	a["x"] = 1;
	trace(sizeof(a));
	exit(0);
}
