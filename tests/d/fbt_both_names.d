fbt::ksys_read:
/pid == $target && ((probename == "entry" && arg2 == 1234) || (probename == "return" && arg1 == 1234))/
{
	printf("%s\n", probename);
}
