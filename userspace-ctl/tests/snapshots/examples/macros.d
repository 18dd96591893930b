/* Compiled with $target = 1000, $1 = 25 and $2 = "cat". */
fbt::ksys_read:entry
/pid == $target && arg2 > $1/
{
	printf("%s wants %d bytes\n", $$2, arg2);
}
