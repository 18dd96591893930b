/* copyinstr(addr, maxlen): at most maxlen - 1 bytes of the string. */
fbt::do_sys_openat2:entry
/pid == $target && copyinstr(arg1) == "/proc/version"/
{
	printf("%s|%s|%s|\n", copyinstr(arg1, 6), copyinstr(arg1, 1), copyinstr(arg1, 100));
}
