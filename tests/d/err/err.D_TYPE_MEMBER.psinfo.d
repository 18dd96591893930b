/* EXPECT: D_TYPE_MEMBER at 4:8: psinfo_t has no pr_nosuch. */
proc:::signal-send
{
	trace(curpsinfo->pr_nosuch);
}
