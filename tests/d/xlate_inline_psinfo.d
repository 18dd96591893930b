/* DTrace's own translators go through the same path as a script's:
   xlate to psinfo_t and lwpsinfo_t from curthread, in an inline as
   DTrace's curpsinfo is. */
#pragma D option quiet

inline lwpsinfo_t *me = xlate < lwpsinfo_t * > (curthread);

#pragma D attributes Stable/Stable/Common me

BEGIN
{
	printf("%d %d\n", me->pr_lwpid == tid,
	    xlate < psinfo_t > (curthread).pr_pid == curpsinfo->pr_pid);
	printf("%s\n", xlate < psinfo_t * > (curthread)->pr_fname);
	exit(0);
}
