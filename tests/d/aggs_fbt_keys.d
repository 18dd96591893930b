/* Aggregations keyed by strings, over a command's known reads and writes. */
fbt::ksys_read:entry, fbt::ksys_write:entry
/pid == $target && arg2 == 1234/
{
	@[probefunc] = count();
	@bytes[probefunc, "total"] = sum(arg2);
}
