fbt::do_sys_openat2:entry
/pid == $target && copyinstr(arg1) == "/proc/version"/
{
	printf("%s opened %s\n", execname, copyinstr(arg1));
}
