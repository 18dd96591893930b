/* EXPECT: D_SYNTAX at 4:2: break is not in a loop. */
BEGIN
{
	break;
}
