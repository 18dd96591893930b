/* EXPECT: D_XLATE_NONE at 4:8: translators make structs, not integers. */
BEGIN
{
	trace(xlate < long > (1));
}
