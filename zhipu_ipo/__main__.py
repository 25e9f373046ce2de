from zhipu_ipo.launcher import main

main()
