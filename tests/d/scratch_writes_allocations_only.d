/* Stores and copies reach only what alloca() gave, never the strings a
   clause makes in scratch next to it: a copy running past an allocation
   into a string faults on its destination, as one past the top does. */
string a;

BEGIN
{
	a = "01";
	s = (char *)alloca(16);
	bcopy(a, &s[16], 1);
}

BEGIN
{
	s = (char *)alloca(8);
	t = strjoin(execname, "x");
	u = (char *)alloca(8);
	bcopy("abcdefghij", s, 10);
}

BEGIN
{
	s = (char *)alloca(8);
	u = (char *)alloca(8);
	bcopy("abcdefghijklmno", s, 16);
	printf("%s\n", stringof(u));
	exit(0);
}

ERROR
{
	printf("error %d %x\n", arg4, arg5);
}
