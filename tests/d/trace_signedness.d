#pragma D option quiet

/* trace() prints an integer by its declared width and sign. */
BEGIN
{
	trace((signed char)-2); trace("\n");
	trace((char)-1); trace("\n");
	trace((short)-2); trace("\n");
	trace((unsigned char)255); trace("\n");
	trace((unsigned short)-1); trace("\n");
	trace((unsigned int)-1); trace("\n");
	trace((uint64_t)-1); trace("\n");
	trace((long long)-2); trace("\n");
	exit(0);
}
