fbt::do_sys_open:entry
{
	trace(args[0]);
	trace(args[5]);
	trace(args[arg0 - 9]);
	trace(arg0 + arg1 + arg2 + arg3 + arg4 + arg5);
}
