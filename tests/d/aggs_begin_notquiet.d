/* Not quiet: the probe's line, the closing newline, then the aggregations. */
BEGIN
{
	@ = count();
	@s[1, "a"] = sum(-7);
	exit(0);
}
