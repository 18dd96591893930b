fbt::ksys_write:entry
/!(pid == 1 || tid == 1) && (cpu != 0 ^^ uid == 0)/
{
	trace(tid);
	trace(arg0 > 5 && arg1 <= 20);
	trace(!arg2 || arg3 != 40);
}
