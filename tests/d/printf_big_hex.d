BEGIN
{
	printf("%x\n", 0xdeadbeefcafebabe);
	exit(0);
}
