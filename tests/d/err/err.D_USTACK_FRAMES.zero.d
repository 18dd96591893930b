/* EXPECT: D_USTACK_FRAMES at 4:9: ustack()'s arguments are checked first. */
BEGIN
{
	ustack(0);
}
