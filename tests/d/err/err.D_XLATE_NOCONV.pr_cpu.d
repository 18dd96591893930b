/* EXPECT: D_XLATE_NOCONV at 4:8: lwpsinfo_t's pr_cpu has no translation on Linux. */
BEGIN
{
	trace(curlwpsinfo->pr_cpu);
}
