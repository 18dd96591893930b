/* copyin() of an address the process has not mapped: DTrace's invalid
   address, the user address named, and ERROR's arguments. */
BEGIN
{
	trace(*(char *)copyin(4096, 4));
}

ERROR
{
	printf("error %d %x\n", arg4, arg5);
	exit(0);
}
