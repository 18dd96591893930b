/* Not quiet: each integer after a space, in its type's columns. */
BEGIN
{
	trace((char)100);
	trace((short)-3);
	trace(7);
	trace((uint64_t)9);
	trace((long)-5);
	exit(0);
}
