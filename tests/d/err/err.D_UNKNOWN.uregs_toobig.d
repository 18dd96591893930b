/* EXPECT: D_UNKNOWN at 4:14: uregs[] has registers 0 to R_TRAPNO (25). */
BEGIN
{
	trace(uregs[42]);
}
