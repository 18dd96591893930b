/* read(2): its size on entry; on return arg0 and arg1 are both the bytes
   read, and errno is 0. */
syscall::read:entry
/pid == $target && arg2 == 1234/
{
	printf("entry fd=%d size=%d\n", arg0, arg2);
}

syscall::read:return
/pid == $target && arg1 == 1234/
{
	printf("return %d %d %d\n", arg0, arg1, errno);
}
