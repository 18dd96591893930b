/* EXPECT: D_SYNTAX at 4:9: () is no expression. */
BEGIN
{
	trace(());
}
