/* EXPECT: D_USTACK_FRAMES at 4:9: ustack()'s frames must be positive. */
BEGIN
{
	ustack(0);
}
