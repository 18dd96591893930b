/* EXPECT: D_UNKNOWN at 4:2: ustack() is refused, with the reason. */
BEGIN
{
	ustack();
}
