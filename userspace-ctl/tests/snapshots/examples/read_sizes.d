/* The acceptance example: which sizes does the target ask read() for? */
fbt::ksys_read:entry
/pid == $target/
{
	printf("%s %d\n", execname, arg2);
}
