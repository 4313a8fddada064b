return Dcgan.App.DcganApp.Run(args);
