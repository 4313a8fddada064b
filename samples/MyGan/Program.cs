// Every dcgan-cli command, serving the GANs declared in this project beside the zoo.
return Dcgan.App.DcganApp.Run(args);
