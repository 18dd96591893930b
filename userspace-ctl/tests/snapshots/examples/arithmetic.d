BEGIN
{
	trace(1 + 2 * 3 - 4 / 2 % 3);
	trace((arg0 & 0xff) | (arg1 << 4) ^ ~arg2);
	trace(-arg3 >> 2);
	trace(timestamp >> 10);
	trace(arg4 / 3 + arg5 % 7);
	trace(arg0 * arg1 - (arg2 + arg3) * arg4);
	exit(0);
}
