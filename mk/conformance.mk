# placeholder: filled by the owner of this part
