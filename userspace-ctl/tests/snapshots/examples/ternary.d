fbt:::return
/arg1 != 0/
{
	trace(arg1 < 0 ? -arg1 : arg1);
	trace(timestamp > 1000);
	exit(arg0 == 10 ? 1 : 0);
}
